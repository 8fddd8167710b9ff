(function(){var f=document.querySelector('.search-form');if(f){f.addEventListener('submit',function(e){var q=f.querySelector('input');if(!q.value){e.preventDefault();}});}})();
